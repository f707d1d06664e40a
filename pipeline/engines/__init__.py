"""OCR engines. `tesseract` is the only one; stages reach it through `ctx.engine`."""
