import sys
from pathlib import Path

# Lets test modules import the shared builders in tests/ (filegen.py, glyphgen.py).
sys.path.insert(0, str(Path(__file__).resolve().parent))
