package dev.parley.core;

import dev.parley.core.testing.RoomsContract;
import dev.parley.core.testing.InMemoryNodes;
import dev.parley.core.testing.Nodes;

/** The rooms contract on one in-memory hub standing for three nodes. */
class InMemoryRoomsTest extends RoomsContract {
    @Override
    protected Nodes nodes(SignalingConfig config) {
        return new InMemoryNodes(config, 3);
    }
}
