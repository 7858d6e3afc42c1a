"""Ad platforms behind one small interface: keyword lists and budgets out, daily reports in."""
