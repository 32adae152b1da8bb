# expect: AC
# Creating caches without end holds at most engineKvCaches of them on the host: the oldest are released (using
# one says so), the newest still work, and the worker's memory stays bounded.
def solve(ctx, engine):
    handles = []
    for i in range(80):
        handles.append(engine.forward("gpt", {"input_ids": [[1 + i % 50, 2]], "past": None})["past"])
    try:
        engine.forward("gpt", {"input_ids": [[9]], "past": handles[0]})
        return "the oldest cache was still held"
    except EngineError as error:
        if "was released" not in str(error):
            return "unexpected message: %s" % error
    engine.forward("gpt", {"input_ids": [[9]], "past": handles[-1]})
    return "blocked"
