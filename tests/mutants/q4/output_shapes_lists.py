"""output_shapes: returns lists (list(tensor.shape)) instead of tuples."""


def output_shapes(outputs):
    return {"last_hidden_state": list(outputs.last_hidden_state.shape),
            "pooler_output": list(outputs.pooler_output.shape)}
