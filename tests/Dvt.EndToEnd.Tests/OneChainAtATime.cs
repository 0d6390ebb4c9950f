// Each test runs a real Lodestar beacon node and validator clients, installed into one shared folder: two at once
// would install into that folder together (corrupting yarn's cache) and share the machine's two cores.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
