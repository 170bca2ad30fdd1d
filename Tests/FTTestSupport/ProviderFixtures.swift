/// Example bodies from the provider documents (shared/refs/providers, the OpenAI spec subset), as
/// captured. Tests decode each one, also with an unknown field and an unknown status word added.
public enum ProviderFixtures {
    /// TrueFoundry 000 (create) and 001 (retrieve) answer with the same object.
    public static let trueFoundryJob = #"""
    {"object":"fine_tuning.job","id":"<string>","model":"<string>","created_at":123,"fine_tuned_model":"<string>",
     "organization_id":"<string>","result_files":["<string>"],"status":"queued","validation_file":"<string>",
     "training_file":"<string>","finished_at":123,"hyperparameters":{},"trained_tokens":123,"integrations":[{}],
     "seed":123,"estimated_finish":123,"method":{},"metadata":{}}
    """#

    /// Nebius 003 (create) response.
    public static let nebiusJob = #"""
    {"id":"<string>","created_at":123,"model":"<string>","status":"validating_files","training_file":"<string>",
     "error":{"code":"<string>","message":"<string>","param":"<string>"},"finished_at":123,
     "hyperparameters":{"batch_size":8,"learning_rate":0.00001,"n_epochs":3,"warmup_ratio":0,"weight_decay":0,"packing":true,
       "max_grad_norm":1,"context_length":8192,"lora":false,"lora_r":8,"lora_alpha":8,"lora_dropout":0},
     "method":{"supervised":{"hyperparameters":{"batch_size":8,"learning_rate":0.00001,"n_epochs":3,"warmup_ratio":0,
       "weight_decay":0,"packing":true,"max_grad_norm":1,"context_length":8192,"lora":false,"lora_r":8,"lora_alpha":8,
       "lora_dropout":0}},"type":"supervised"},
     "integrations":[{"wandb":{"project":"<string>","name":"<string>","entity":"<string>","tags":["<string>"]},"type":"wandb"}],
     "from_checkpoint":{"repo":"<string>","type":"hf","revision":"<string>"},"object":"fine_tuning.job","organization_id":"",
     "result_files":[],"seed":0,"suffix":"<string>","trained_tokens":123,"validation_file":"<string>","estimated_finish":123,
     "trained_steps":123,"total_steps":123}
    """#

    /// The OpenAI spec's create example (its trailing comma removed: it is not JSON with it).
    public static let openAIJob = #"""
    {"object":"fine_tuning.job","id":"ftjob-abc123","model":"gpt-4o-mini-2024-07-18","created_at":1721764800,
     "fine_tuned_model":null,"organization_id":"org-123","result_files":[],"status":"queued","validation_file":null,
     "training_file":"file-abc123","method":{"type":"supervised","supervised":{"hyperparameters":{"batch_size":"auto",
     "learning_rate_multiplier":"auto","n_epochs":"auto"}}},"metadata":null}
    """#

    /// Platform 002: the FineTuningJob object.
    public static let platformJob = #"""
    {"id":"ftjob_abc123","name":"Customer Support Classifier","baseModel":"llama-3.1-8b","status":"running",
     "description":"Fine-tuned on 10k support tickets for intent classification","owner":"user_456","organizationId":"org_xyz",
     "trainingDataset":"ds_train_001","trainingFile":"training_data.jsonl","validationFile":"validation_data.jsonl",
     "hyperparameters":{"epochs":3,"learningRate":0.0002,"batchSize":8,"warmupSteps":100},"resultModel":null,
     "trainedTokens":1250000,"error":null,"metrics":{"trainingLoss":0.342,"validationLoss":0.389,"epoch":2},
     "startedAt":"2025-02-01T10:00:00Z","finishedAt":null,"createdAt":"2025-02-01T09:55:00Z","updatedAt":"2025-02-01T12:30:00Z"}
    """#

    public static let platformList = #"""
    {"count":15,"limit":20,"offset":0,"jobs":[{"id":"ftjob_abc123","name":"Customer Support Classifier","baseModel":"llama-3.1-8b",
     "status":"running","description":"Fine-tuned on 10k support tickets for intent classification","owner":"user_456",
     "organizationId":"org_xyz","trainedTokens":1250000,"startedAt":"2025-02-01T10:00:00Z","finishedAt":null,
     "createdAt":"2025-02-01T09:55:00Z","updatedAt":"2025-02-01T12:30:00Z"}]}
    """#

    public static let platformCreated = #"{"id":"ftjob_abc123","name":"Customer Support Classifier","baseModel":"llama-3.1-8b","status":"queued","createdAt":"2025-02-01T09:55:00Z"}"#
    public static let platformStopped = #"{"id":"ftjob_abc123","status":"stopped","message":"Fine-tuning job stopped successfully"}"#
    public static let platformRestarted = #"{"id":"ftjob_abc123","status":"queued","message":"Fine-tuning job restarted successfully"}"#
    public static let platformDeployed = #"{"id":"ftjob_abc123","resultModel":"llama-3.1-8b-support-v1","status":"deployed","message":"Fine-tuned model deployed successfully"}"#
    public static let platformLogs = #"{"jobId":"ftjob_abc123","logs":[{"timestamp":"2025-02-01T10:00:05Z","level":"info","message":"Training started with 3 epochs"},{"timestamp":"2025-02-01T10:05:30Z","level":"info","message":"Epoch 1/3 completed - loss: 0.542"}]}"#
    public static let platformMetrics = #"{"jobId":"ftjob_abc123","metrics":{"trainingLoss":0.342,"validationLoss":0.389,"currentEpoch":2,"totalEpochs":3,"trainedTokens":1250000,"steps":[{"step":100,"trainingLoss":0.85,"validationLoss":0.91,"learningRate":0.0002},{"step":200,"trainingLoss":0.54,"validationLoss":0.62,"learningRate":0.0002}]}}"#
    public static let platformStats = #"{"total":15,"running":2,"completed":8,"failed":3,"queued":2}"#
    public static let platformModels = #"{"models":[{"id":"llama-3.1-8b","name":"LLaMA 3.1 8B","provider":"meta","parameterCount":"8B","supportedTasks":["text-generation","classification"],"maxSequenceLength":8192},{"id":"mistral-7b-v0.3","name":"Mistral 7B v0.3","provider":"mistralai","parameterCount":"7B","supportedTasks":["text-generation","classification"],"maxSequenceLength":32768}]}"#
    public static let platformHardware = #"{"hardware":[{"id":"gpu-a100-40gb","name":"NVIDIA A100 40GB","gpuMemory":"40GB","gpuCount":1,"costPerHour":3.50},{"id":"gpu-a100-80gb-x4","name":"NVIDIA A100 80GB x4","gpuMemory":"80GB","gpuCount":4,"costPerHour":18.00}]}"#
    public static let platformEstimate = #"{"baseModel":"llama-3.1-8b","datasetSize":50000,"estimatedCost":42.50,"estimatedTimeMinutes":180,"currency":"USD"}"#
}
