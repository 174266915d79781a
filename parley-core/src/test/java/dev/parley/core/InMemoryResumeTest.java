package dev.parley.core;

import dev.parley.core.testing.ResumeContract;
import dev.parley.core.testing.InMemoryNodes;
import dev.parley.core.testing.Nodes;

/** The resume contract on one in-memory hub standing for three nodes. */
class InMemoryResumeTest extends ResumeContract {
    @Override
    protected Nodes nodes(SignalingConfig config) {
        return new InMemoryNodes(config, 3);
    }
}
