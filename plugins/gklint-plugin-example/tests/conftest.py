import sys
from pathlib import Path

# Tests run from a checkout without installing the plugin: put its source on the path.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
