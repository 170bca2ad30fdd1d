#!/usr/bin/env python3
"""Reference for ftds-bench: the format-error checks of OpenAI's chat fine-tuning data-prep
cookbook, one json.loads per line, streaming. Prints one JSON object: seconds, examples, errors."""
import json
import sys
import time
from collections import Counter

KNOWN_KEYS = {"role", "content", "name", "function_call", "weight"}
ROLES = {"system", "user", "assistant", "function"}


def check(path):
    errors = Counter()
    examples = 0
    with open(path, "r", encoding="utf-8") as f:
        for line in f:
            examples += 1
            try:
                ex = json.loads(line)
            except ValueError:
                errors["invalid_json"] += 1
                continue
            if not isinstance(ex, dict):
                errors["data_type"] += 1
                continue
            messages = ex.get("messages")
            if not messages:
                errors["missing_messages_list"] += 1
                continue
            has_assistant = False
            for m in messages:
                if not isinstance(m, dict):
                    errors["message_missing_key"] += 1
                    continue
                if "role" not in m or "content" not in m:
                    errors["message_missing_key"] += 1
                for k in m:
                    if k not in KNOWN_KEYS:
                        errors["message_unrecognized_key"] += 1
                        break
                role = m.get("role")
                if role not in ROLES:
                    errors["unrecognized_role"] += 1
                if role == "assistant":
                    has_assistant = True
                content = m.get("content")
                if (not content and not m.get("function_call")) or not isinstance(content, str):
                    errors["missing_content"] += 1
            if not has_assistant:
                errors["example_missing_assistant_message"] += 1
    return examples, errors


def main():
    if len(sys.argv) != 2:
        print("usage: cookbook_checks.py FILE.jsonl", file=sys.stderr)
        return 64
    start, cpu_start = time.perf_counter(), time.process_time()
    examples, errors = check(sys.argv[1])
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "examples": examples, "errors": sum(errors.values()),
                      "by_kind": dict(errors)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
