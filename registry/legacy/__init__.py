"""Legacy registry import (CanReg5-style CSV: patients, tumours, sources) and export."""
