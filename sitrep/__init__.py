"""sitrep: a conflict-intelligence engine.

News articles in; grounded actors, events and relations out (``sitrep extract``),
stored in a knowledge base that merges reports of one event (``sitrep ingest``).
"""
__version__ = "0.1.0"
