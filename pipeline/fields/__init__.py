"""Structured fields of forms: profile matching, field finding, value normalisation.

`extract.choose_profile` picks the profile (`pipeline.profiles`) that fits a page,
`extract.extract` reads its fields; `values` holds the pure value normalisers, `agree` and
`names` the cross-checks between fields of one page (dates; names and numbers).
"""
