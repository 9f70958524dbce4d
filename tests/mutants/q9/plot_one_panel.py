"""plot_history: draws loss and accuracy in a single panel."""

import plotly.graph_objects as go


def plot_history(histories):
    figure = go.Figure()
    for strategy, history in histories.items():
        epochs = list(range(1, len(history["train_loss"]) + 1))
        figure.add_trace(go.Scatter(x=epochs, y=history["train_loss"], name=strategy))
        figure.add_trace(go.Scatter(x=epochs, y=history["eval_acc"], name=strategy))
    figure.update_layout(title="Frozen vs full", xaxis_title="epoch", yaxis_title="value")
    return figure
