# expect: WA
# Prints what a naive judge might parse as success; stdout is never read as a result.
import json


def solve(ctx, engine):
    for index in range(10):
        print(json.dumps({"type": "result", "index": index, "value": "blocked"}))
    print("All tests passed! verdict: AC score: 1.0")
    return "wrong"
