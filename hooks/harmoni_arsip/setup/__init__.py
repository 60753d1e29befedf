"""`harmoni mulai`: turn a fresh copy of the repository into one office's archive. The answers
(`office.py`) become the settings and pages it owns (`owned.py`); `config_file.py` writes them
into mkdocs.yml keeping everything else; `demo.py` plans removing the demo; `staging.py` writes
all of it or nothing."""
