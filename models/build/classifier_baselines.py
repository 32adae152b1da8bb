"""Adds reference baselines to the staged bert-cls/quality.json, so the classifier's accuracy can be
read against something stronger than the majority class: a multinomial naive Bayes on bags of the
same word pieces (full paragraph, add-0.1 smoothing), trained and tested on the same split.

Usage: /usr/bin/python3 models/build/classifier_baselines.py
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
import train_bert  # noqa: E402


def main():
    _, labelled = train_bert.load_records()
    train = [r for r in labelled if not r["test"]]
    test = [r for r in labelled if r["test"]]
    path = os.path.join(train_bert.STAGING, "bert-cls", "quality.json")
    with open(path, encoding="utf-8") as f:
        quality = json.load(f)
    vocab_size, k = quality["hyper_parameters"]["vocab_size"], len(train_bert.LABELS)

    def bags(rows):
        x = np.zeros((len(rows), vocab_size))
        for i, r in enumerate(rows):
            np.add.at(x[i], r["ids"], 1)
        return x

    xtr, xte = bags(train), bags(test)
    ytr = np.array([r["label"] for r in train])
    yte = np.array([r["label"] for r in test])
    prior = np.log(np.bincount(ytr, minlength=k) / len(ytr))
    counts = np.stack([xtr[ytr == c].sum(0) + 0.1 for c in range(k)])
    log_probs = np.log(counts / counts.sum(1, keepdims=True))
    accuracy = float(((xte @ log_probs.T + prior).argmax(1) == yte).mean())
    quality["naive_bayes_bag_of_pieces_accuracy"] = round(accuracy, 4)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(quality, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print(f"naive Bayes baseline {accuracy:.4f}; classifier {quality['accuracy']}; majority {quality['majority_baseline_accuracy']}")


if __name__ == "__main__":
    main()
