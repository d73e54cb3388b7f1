print("allot-benchmarks: no benchmarks yet")
