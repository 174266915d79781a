package dev.parley.core;

import dev.parley.core.testing.CallsContract;
import dev.parley.core.testing.InMemoryNodes;
import dev.parley.core.testing.Nodes;

/** The calls contract on one in-memory hub standing for three nodes. */
class InMemoryCallsTest extends CallsContract {
    @Override
    protected Nodes nodes(SignalingConfig config) {
        return new InMemoryNodes(config, 3);
    }
}
