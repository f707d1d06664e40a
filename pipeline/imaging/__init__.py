"""Pure image functions and estimators: arrays in, numbers or arrays out, no I/O, no Page."""
