"""output_shapes: reads pooler_output's shape from the [CLS] slice of last_hidden_state... of the wrong axis."""


def output_shapes(outputs):
    hidden = outputs.last_hidden_state
    return {"last_hidden_state": tuple(int(n) for n in hidden.shape),
            "pooler_output": tuple(int(n) for n in hidden[:, :, 0].shape)}
