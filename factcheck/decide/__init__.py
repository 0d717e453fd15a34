"""Is this pair of mentions one fact? Proposals in, links out.

``proposals`` finds the pairs worth looking at (two channels, recall first), ``features`` reads
each as named features, ``model`` turns them into a calibrated probability, and ``links`` keeps
the pairs the model believes, one partner per mention and other article. ``facts`` then joins the
links into fact slots.
"""

from __future__ import annotations

from factcheck.decide.context import add_context, add_figure_cosine, add_rule_decision
from factcheck.decide.features import features, frame_features
from factcheck.decide.links import links
from factcheck.decide.model import FEATURES, MODEL_PATH, Model, load
from factcheck.decide.proposals import Proposal, propose

__all__ = [
    "FEATURES",
    "MODEL_PATH",
    "Model",
    "Proposal",
    "add_context",
    "add_figure_cosine",
    "add_rule_decision",
    "features",
    "frame_features",
    "links",
    "load",
    "propose",
]
