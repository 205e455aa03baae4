"""Helpers for the Backprop in Depth lessons.

Numerics (no plotting), in lesson order: odds, sigmoid, loss, model, article, data, training,
gradcheck, data_nonlinear, network, sgd.
Figures and widgets live in ``lesson_utils.viz``; exercise checks in ``lesson_utils.exercises``.
Shapes throughout: x (m, d) samples, y (m,) labels in {0, 1}, w (d,), b a float.
"""

from .article import ArticleLogisticRegression, article_gradients
from .data import center, make_two_gaussians, train_test_split
from .data_nonlinear import make_rings
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .loss import binary_cross_entropy, binary_cross_entropy_with_logits
from .model import LogisticRegression
from .network import TwoLayerNetwork
from .odds import logit, odds
from .sgd import learning_rate_schedule, sgd
from .sigmoid import sigmoid, sigmoid_derivative
from .training import History, RunStoppedWarning, gradient_step, train

__all__ = [
    "ArticleLogisticRegression",
    "History",
    "LogisticRegression",
    "RunStoppedWarning",
    "TwoLayerNetwork",
    "article_gradients",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "center",
    "gradient_check",
    "gradient_step",
    "learning_rate_schedule",
    "logit",
    "make_rings",
    "make_two_gaussians",
    "numerical_gradient",
    "odds",
    "relative_error",
    "sgd",
    "sigmoid",
    "sigmoid_derivative",
    "train",
    "train_test_split",
]
