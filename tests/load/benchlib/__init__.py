"""Building blocks of tests/load/run-benchmark: processes, sipp, the proxies, test beds, parts."""
