import sys
from pathlib import Path

# Lets test modules import the shared file builders in tests/filegen.py.
sys.path.insert(0, str(Path(__file__).resolve().parent))
