"""Clinical guideline recommendation files, one YAML per tumour site group."""
