"""plot_history: two panels but no title and no axis labels."""

import plotly.graph_objects as go
from plotly.subplots import make_subplots


def plot_history(histories):
    figure = make_subplots(rows=1, cols=2)
    for strategy, history in histories.items():
        epochs = list(range(1, len(history["train_loss"]) + 1))
        figure.add_trace(go.Scatter(x=epochs, y=history["train_loss"], name=strategy), row=1, col=1)
        figure.add_trace(go.Scatter(x=epochs, y=history["eval_acc"], name=strategy), row=1, col=2)
    return figure
