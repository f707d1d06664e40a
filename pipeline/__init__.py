"""OCR and transcription pipeline for archival scans."""

__version__ = "0.1.0"
