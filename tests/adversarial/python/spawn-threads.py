# expect: RE|TLE
import threading
import time


def solve(ctx, engine):
    threads = []
    while True:
        t = threading.Thread(target=time.sleep, args=(1000,), daemon=True)
        t.start()
        threads.append(t)
