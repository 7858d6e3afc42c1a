"""The directories a store is listed on (Google, Facebook, Pages Jaunes), behind one connector
interface (`base.py`), and the features that face them: linking, duplicates, reviews, stats."""
