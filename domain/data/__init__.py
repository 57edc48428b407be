"""Reference data files of the domain layer (a package so that setuptools ships them)."""
