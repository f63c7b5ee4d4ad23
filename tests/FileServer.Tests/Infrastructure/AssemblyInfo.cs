// Tests start real fileservers, ganesha and Jupyter servers; on a small shared machine they are more reliable one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
