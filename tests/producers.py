"""State machines built with the libraries that draw them as DOT, and their DOT as each library writes it.

pytransitions (``GraphMachine``, ``HierarchicalGraphMachine``) and django-fsm write through the
``graphviz`` package (no semicolons, ``label`` with ``\\l``, clusters for nested states, ``lhead``/
``ltail`` and head/tail labels); python-statemachine writes HTML-like edge labels, an ``__initial_<id>``
point and ``peripheries = 2`` finals. The tests build pages from these files as a user would.
"""

from __future__ import annotations

from typing import Any

import graphviz
from statemachine import State, StateMachine
from statemachine.contrib.diagram import DotGraphMachine
from transitions.extensions import GraphMachine, HierarchicalGraphMachine


class _Model:
    """What pytransitions attaches its triggers to."""

    def is_hot(self) -> bool:
        return True


def transitions_flat() -> str:
    """A flat machine with a guard, drawn by pytransitions (its current state has two borders)."""
    machine: Any = GraphMachine(
        model=_Model(),
        states=["solid", "liquid", "gas", "plasma"],
        transitions=[
            ["melt", "solid", "liquid"],
            ["evaporate", "liquid", "gas"],
            {"trigger": "ionize", "source": "gas", "dest": "plasma", "conditions": "is_hot"},
        ],
        initial="solid",
        show_conditions=True,
        title="Matter",
    )
    return str(machine.get_graph().source)


def transitions_nested() -> str:
    """Nested states (a parent with two children, its own initial child) in a HierarchicalGraphMachine."""
    states = [
        "standing",
        "walking",
        {"name": "caffeinated", "children": ["dithering", "running"], "initial": "dithering"},
    ]
    machine: Any = HierarchicalGraphMachine(
        model=_Model(),
        states=states,
        transitions=[
            ["walk", "standing", "walking"],
            ["stop", "walking", "standing"],
            ["drink", "standing", "caffeinated"],
            ["run", "caffeinated_dithering", "caffeinated_running"],
            ["relax", "caffeinated", "standing"],
        ],
        initial="standing",
        title="Coffee",
    )
    return str(machine.get_graph().source)


class TaskLife(StateMachine):
    """A task's life, with a guard and a final state."""

    queued = State(initial=True)
    running = State()
    done = State(final=True)
    failed = State(final=True)

    start = queued.to(running)
    succeed = running.to(done)
    fail = running.to(failed, cond="may_fail")
    retry = running.to(queued)

    def may_fail(self) -> bool:
        return True


def statemachine_dot() -> str:
    """python-statemachine's own drawing of :class:`TaskLife`."""
    return str(DotGraphMachine(TaskLife)().to_string())  # type: ignore[no-untyped-call]


def graphviz_package_dot() -> str:
    """A hand-built graph through the ``graphviz`` package, as django-fsm's ``graph_transitions`` writes one."""
    graph = graphviz.Digraph("task", graph_attr={"label": "Celery task"}, node_attr={"shape": "circle"})
    graph.node("task.PENDING", label="PENDING")
    graph.node("task.STARTED", label="STARTED")
    graph.node("task.SUCCESS", label="SUCCESS", shape="doublecircle")
    graph.node("task.FAILURE", label="FAILURE", shape="doublecircle")
    graph.edge("task.PENDING", "task.STARTED", label="start")
    graph.edge("task.STARTED", "task.SUCCESS", label="succeed")
    graph.edge("task.STARTED", "task.FAILURE", label="fail")
    graph.edge("task.FAILURE", "task.PENDING", label="retry")
    return str(graph.source)


def graphviz_package_grouped_dot() -> str:
    """A Celery task's states through the ``graphviz`` package, its ready states grouped in a labelled cluster."""
    graph = graphviz.Digraph("task", graph_attr={"label": "Celery task"}, node_attr={"shape": "circle"})
    graph.node("start", shape="point")
    graph.edge("start", "PENDING")
    graph.edge("PENDING", "STARTED", label="start")
    graph.edge("STARTED", "RETRY", label="retry")
    graph.edge("RETRY", "STARTED", label="restart")
    with graph.subgraph(name="cluster_done", graph_attr={"label": "Ready states"}) as done:
        for state in ("SUCCESS", "FAILURE", "REVOKED"):
            done.node(state, shape="doublecircle")
    graph.edge("STARTED", "SUCCESS", label="succeed")
    graph.edge("STARTED", "FAILURE", label="fail")
    graph.edge("PENDING", "REVOKED", label="revoke")
    return str(graph.source)
