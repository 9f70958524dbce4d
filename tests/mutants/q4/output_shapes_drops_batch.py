"""output_shapes: reports the shapes of the first example, without the batch dimension."""


def output_shapes(outputs):
    return {"last_hidden_state": tuple(outputs.last_hidden_state[0].shape),
            "pooler_output": tuple(outputs.pooler_output[0].shape)}
