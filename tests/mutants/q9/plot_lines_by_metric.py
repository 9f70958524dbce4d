"""plot_history: names the lines after the metric ("loss", "accuracy") instead of the strategy."""

import plotly.graph_objects as go
from plotly.subplots import make_subplots


def plot_history(histories):
    figure = make_subplots(rows=1, cols=2, subplot_titles=("loss", "accuracy"))
    for history in histories.values():
        epochs = list(range(1, len(history["train_loss"]) + 1))
        figure.add_trace(go.Scatter(x=epochs, y=history["train_loss"], name="loss"), row=1, col=1)
        figure.add_trace(go.Scatter(x=epochs, y=history["eval_acc"], name="accuracy"), row=1, col=2)
    figure.update_xaxes(title_text="epoch")
    figure.update_yaxes(title_text="value")
    figure.update_layout(title="History")
    return figure
