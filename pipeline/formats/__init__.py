"""Writers (and readers) of the page model's file formats."""
