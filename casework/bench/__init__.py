"""The benchmark behind `manage.py bench`: data set, page timings, notes under load, letter jobs."""
