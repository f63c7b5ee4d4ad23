// Every test class shares one slapd and one spawner, and servers are per user: they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
