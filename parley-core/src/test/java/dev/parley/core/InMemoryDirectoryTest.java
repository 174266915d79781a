package dev.parley.core;

import dev.parley.core.testing.DirectoryContract;
import dev.parley.core.testing.InMemoryNodes;
import dev.parley.core.testing.Nodes;

/** The directory contract on one in-memory hub standing for three nodes. */
class InMemoryDirectoryTest extends DirectoryContract {
    @Override
    protected Nodes nodes(SignalingConfig config) {
        return new InMemoryNodes(config, 3);
    }
}
