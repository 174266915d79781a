/**
 * An in-process test kit for the signaling core, and the behaviour every shared state must have.
 *
 * <p>The kit: {@link dev.parley.core.testing.ManualScheduler} (virtual time for the hubs' timers and
 * clocks: no test sleeps), {@link dev.parley.core.testing.TestClient} (a connection as a transport
 * would make it, collecting what the hub sends), and {@link dev.parley.core.testing.Nodes} (N hubs
 * sharing one state; {@link dev.parley.core.testing.InMemoryNodes} is one hub standing for all).
 *
 * <p>The contracts: {@link dev.parley.core.testing.RoomsContract},
 * {@link dev.parley.core.testing.DirectoryContract}, {@link dev.parley.core.testing.CallsContract}
 * and {@link dev.parley.core.testing.ResumeContract}, with clients spread over the nodes. A shared
 * state passes by extending each and returning its nodes from {@code nodes(SignalingConfig)}, fresh
 * and empty per test; what it cannot do yet it declares by overriding
 * {@code supportsCallsAcrossNodes()} or {@code supportsResumeOnAnotherNode()} (those tests then run
 * with the parties on one node, or are skipped). Its {@link dev.parley.core.testing.Nodes#settle}
 * must run the scheduler's due tasks (the test clients report closed connections through it) and
 * wait, bounded, until every node has delivered what was sent; its hubs' timers must run on
 * {@link dev.parley.core.testing.Nodes#scheduler}, or {@link dev.parley.core.testing.Nodes#advance}
 * be overridden to move its own time too, since grace and ring timeouts are asserted after an advance.
 *
 * <p>parley-core's pom exports this package (only) as its test-jar.
 */
package dev.parley.core.testing;
