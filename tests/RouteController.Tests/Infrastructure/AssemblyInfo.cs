// The tests share one real Jupyter server and one route controller process; on a small machine, one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
