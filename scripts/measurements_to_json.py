#!/usr/bin/env python3
"""Converts the research CSV of published memory measurements into
Tests/FTPlanningTests/Data/measurements.json: one row per run, the source URL kept, the setup
normalised to ftctl's flag values (empty = the source does not say), the architecture as the
model's Hugging Face config.json keys, and what the source measured (allocated/reserved/device).

usage: scripts/measurements_to_json.py research/memory-measurements.csv > Tests/FTPlanningTests/Data/measurements.json
"""
import csv, json, sys

# Hugging Face config.json values of each model (from the models' config.json on the Hub).
L = "LlamaForCausalLM"
ARCH = {
    "Llama-2-7B": dict(num_hidden_layers=32, hidden_size=4096, intermediate_size=11008, num_attention_heads=32, num_key_value_heads=32, vocab_size=32000, model_type="llama"),
    "Llama-2-13B": dict(num_hidden_layers=40, hidden_size=5120, intermediate_size=13824, num_attention_heads=40, num_key_value_heads=40, vocab_size=32000, model_type="llama"),
    "Llama-2-70B": dict(num_hidden_layers=80, hidden_size=8192, intermediate_size=28672, num_attention_heads=64, num_key_value_heads=8, vocab_size=32000, model_type="llama"),
    "Llama-3.1-8B": dict(num_hidden_layers=32, hidden_size=4096, intermediate_size=14336, num_attention_heads=32, num_key_value_heads=8, vocab_size=128256, model_type="llama"),
    "Llama-3.1-70B": dict(num_hidden_layers=80, hidden_size=8192, intermediate_size=28672, num_attention_heads=64, num_key_value_heads=8, vocab_size=128256, model_type="llama"),
    "Llama-3.1-405B": dict(num_hidden_layers=126, hidden_size=16384, intermediate_size=53248, num_attention_heads=128, num_key_value_heads=8, vocab_size=128256, model_type="llama"),
    "Llama-3.2-1B": dict(num_hidden_layers=16, hidden_size=2048, intermediate_size=8192, num_attention_heads=32, num_key_value_heads=8, head_dim=64, vocab_size=128256, tie_word_embeddings=True, model_type="llama"),
    "Llama-3.2-3B": dict(num_hidden_layers=28, hidden_size=3072, intermediate_size=8192, num_attention_heads=24, num_key_value_heads=8, head_dim=128, vocab_size=128256, tie_word_embeddings=True, model_type="llama"),
    "Mistral-7B": dict(num_hidden_layers=32, hidden_size=4096, intermediate_size=14336, num_attention_heads=32, num_key_value_heads=8, vocab_size=32000, model_type="mistral"),
    "Yi-34B": dict(num_hidden_layers=60, hidden_size=7168, intermediate_size=20480, num_attention_heads=56, num_key_value_heads=8, vocab_size=64000, model_type="llama"),
    "CodeLlama-34B": dict(num_hidden_layers=48, hidden_size=8192, intermediate_size=22016, num_attention_heads=64, num_key_value_heads=8, vocab_size=32000, model_type="llama"),
    "TinyLlama-1.1B": dict(num_hidden_layers=22, hidden_size=2048, intermediate_size=5632, num_attention_heads=32, num_key_value_heads=4, vocab_size=32000, model_type="llama"),
    "Phi-3-mini-4k-instruct": dict(num_hidden_layers=32, hidden_size=3072, intermediate_size=8192, num_attention_heads=32, num_key_value_heads=32, vocab_size=32064, model_type="phi3"),
    "phi-1.5": dict(num_hidden_layers=24, hidden_size=2048, intermediate_size=8192, num_attention_heads=32, vocab_size=51200, model_type="phi"),
    "Phi-2": dict(num_hidden_layers=32, hidden_size=2560, intermediate_size=10240, num_attention_heads=32, vocab_size=51200, model_type="phi"),
    "StableLM-Base-Alpha-3B": dict(num_hidden_layers=16, hidden_size=4096, intermediate_size=16384, num_attention_heads=32, vocab_size=50688, model_type="gpt_neox"),
    "Falcon-7B": dict(num_hidden_layers=32, hidden_size=4544, num_attention_heads=71, multi_query=True, vocab_size=65024, tie_word_embeddings=True, model_type="falcon"),
    "Gemma-2B": dict(num_hidden_layers=18, hidden_size=2048, intermediate_size=16384, num_attention_heads=8, num_key_value_heads=1, head_dim=256, vocab_size=256000, model_type="gemma"),
    "Gemma-7B": dict(num_hidden_layers=28, hidden_size=3072, intermediate_size=24576, num_attention_heads=16, num_key_value_heads=16, head_dim=256, vocab_size=256000, model_type="gemma"),
    "Gemma-2-2B": dict(num_hidden_layers=26, hidden_size=2304, intermediate_size=9216, num_attention_heads=8, num_key_value_heads=4, head_dim=256, vocab_size=256000, model_type="gemma2"),
    "Gemma-2-9B": dict(num_hidden_layers=42, hidden_size=3584, intermediate_size=14336, num_attention_heads=16, num_key_value_heads=8, head_dim=256, vocab_size=256000, model_type="gemma2"),
    "bigscience/bloomz-7b1": dict(n_layer=30, hidden_size=4096, n_head=32, vocab_size=250880, model_type="bloom"),
}
ALIAS = {"Llama-3-8B": "Llama-3.1-8B", "Llama-3-8B-Instruct": "Llama-3.1-8B", "Mistral-7B-v0.1": "Mistral-7B",
         "Mistral-7B-v0.2": "Mistral-7B", "Mistral-7B (SlimOrca)": "Mistral-7B"}
# Encoder-decoder models: ftctl models decoder-only transformers.
EXCLUDED = {"bigscience/T0_3B": "encoder-decoder (T5)", "bigscience/mt0-xxl": "encoder-decoder (mT5)"}

# What each source's figure is (research notes section (a)).
KIND = {
    "litgpt": "allocated",                 # torch.cuda.max_memory_allocated()
    "torchtune-readme-opt-flags": "allocated",  # active_bytes peak, ~ allocated
    "torchtune": "reserved",               # 2024 README/tutorials: 'peak memory reserved'
    "peft-metamathqa": "reserved",         # max_memory_reserved() minus init
    "answerai": "reserved",                # max_memory_reserved()
    "peft-docs": "device",                 # GPU monitor screenshot
    "peft-readme": "device", "llamafactory": "device", "unsloth": "device",  # not stated
}
# Longest Alpaca example, the padded length of the peak micro-batch (LitGPT resource tables' note).
ALPACA_LONGEST = {"Llama-2-7B": 1304, "Llama-2-13B": 1304, "phi-1.5": 1044, "StableLM-Base-Alpha-3B": 1034}

# LoRA dropout each source's runs used, where its code or configs say (None: not stated).
#   LitGPT: finetune/lora.py `lora_dropout = 0.05` (2023-10) and every config_hub/finetune YAML
#   (`lora_dropout: 0.05`, 2024); Answer.AI fsdp_qlora train.py `lora_dropout: float = 0.1`;
#   torchtune's LoRA/QLoRA recipe configs `lora_dropout: 0.0`.
DROPOUT = {"litgpt": "yes", "answerai": "yes", "torchtune": "no"}
# Whether the run's bitsandbytes kept every 4-bit layer's input (releases before 0.43.2, fixed by
# bitsandbytes PR #1270, commit 9e753741, 2024-07-16). LitGPT pinned bitsandbytes==0.41.0 from
# 2023-11 and ==0.42.0 from 2024-03-15 until 2024-12-28 (pyproject.toml history); Answer.AI's
# README asks for bitsandbytes>=0.43.0 (March 2024) and warns of "a bug in bitsandbytes which
# results in high memory usage". torchtune quantizes with torchao, not bitsandbytes.
BNB_KEEPS_INPUTS = {"litgpt": "yes", "answerai": "yes", "torchtune": "no"}

def by_prefix(table, src):
    for k in sorted(table, key=len, reverse=True):
        if src.startswith(k): return table[k]
    return None

def kind(src):
    for k in sorted(KIND, key=len, reverse=True):
        if src.startswith(k): return KIND[k]
    return "device"

def norm(v, table):
    v = v.strip()
    return table.get(v, v) if v else None

rows = []
for i, r in enumerate(csv.DictReader(open(sys.argv[1]))):
    model = ALIAS.get(r["model"], r["model"])
    seq = int(r["seq_len"]) if r["seq_len"] else None
    seq_note = None
    if seq is None and r["source"].startswith(("litgpt-resource", "torchtune-readme-2024-04")) and model in ALPACA_LONGEST:
        seq, seq_note = ALPACA_LONGEST[model], "seq = longest Alpaca example (unpacked, padded to the batch's longest)"
    ac = norm(r["activation_checkpointing"], {"yes": "checkpoint", "no": "none", "offload": "offload"})
    row = dict(
        id=f"{r['source']}/{i}", source=r["source"], url=r["source_url_or_path"], model=r["model"],
        config=ARCH.get(model), excluded=EXCLUDED.get(r["model"]),
        method=r["method"] or None, gpus=int(r["gpus"] or 1), seq_len=seq,
        batch=int(r["batch_size"]) if r["batch_size"] else None,
        precision=norm(r["precision"], {"bf16-true (pure)": "bf16", "bf16-pure": "bf16", "bf16-mixed": "mixed"}),
        optimizer=norm(r["optimizer"], {"paged_adamw8bit": "paged_adamw_8bit", "adamw8bit": "adamw_8bit", "lora-fa": "adamw"}),
        optimizer_in_backward=norm(r["optimizer_in_backward"], {}),
        activations=ac, offload=norm(r["cpu_offload"], {}),
        sharding=norm(r["sharding"], {"fsdp": "zero3"}),
        packing=norm(r["packing"], {}),
        # LitGPT's finetune scripts call model(input_ids, lm_head_chunk_size=128) and chunked_cross_entropy:
        # the CSV's "no" for those rows is corrected here.
        chunked_ce="yes" if r["source"].startswith("litgpt") else norm(r["chunked_ce"], {}),
        # Answer.AI's train.py runs the Hugging Face model as is (no torch.compile; the loss is the
        # model's own, with its FP32 upcast), so its kernels are eager. Other rows: their preset's.
        kernels="eager" if r["source"].startswith("answerai") else None,
        lora_rank=int(r["lora_rank"]) if r["lora_rank"] else None,
        lora_targets=r["lora_targets"] or None,
        lora_dropout=by_prefix(DROPOUT, r["source"]) if r["method"] in ("lora", "qlora") else None,
        bnb_keeps_inputs=by_prefix(BNB_KEEPS_INPUTS, r["source"]) if r["method"] == "qlora" else None,
        measured=kind(r["source"]), measured_gib=float(r["measured_peak_gib_per_gpu"]),
        note=(seq_note + "; " if seq_note else "") + r["notes"])
    rows.append(row)
json.dump({"source_file": "research/memory-measurements.csv", "rows": rows}, sys.stdout, indent=1)
print()
