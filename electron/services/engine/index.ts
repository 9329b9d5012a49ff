// The engine service: find and connect to a Docker-compatible engine, probe its GPUs, build GPU
// requests, and put engine errors into words.
export {
  type AddressContext,
  candidateFromAddress,
  contextDirName,
  defaultSocketPaths,
  type DockerodeEndpointOptions,
  type EndpointCandidate,
  type EndpointFs,
  type EndpointSource,
  type EnvLike,
  explicitCandidate,
  type HttpEndpointOptions,
  listCandidateEndpoints,
  nodeEndpointFs,
  type SocketEndpointOptions,
  type SshEndpointOptions,
  type TlsMaterial,
} from './endpoints.js';
export {
  type AttemptOutcome,
  classifyProbeError,
  type ConnectOptions,
  connectEngine,
  DEFAULT_PING_TIMEOUT_MS,
  type EndpointAttempt,
  type EngineConnection,
  EngineUnavailableError,
  type EngineVersion,
} from './connect.js';
export {
  type CdiDevice,
  type CdiSpec,
  type CdiSpecFile,
  DEFAULT_CDI_DIRS,
  type DockerInfoGpu,
  type GpuDevice,
  type GpuProbe,
  type GpuVia,
  gpusFromCdi,
  NVIDIA_SMI_ARGS,
  type NvidiaSmiGpu,
  type NvidiaSmiRun,
  parseCdiSpec,
  parseDockerInfoGpu,
  parseNvidiaSmiCsv,
  type ProbeGpuOptions,
  probeGpus,
} from './gpu-probe.js';
export { type GpuFlag, type GpuNeed, type GpuRequestResult, parseGpuFlag, resolveGpuRequest } from './gpu-request.js';
export {
  type DockerErrorKind,
  dockerErrorToKilnError,
  engineMessage,
  translateDockerError,
  type TranslatedDockerError,
} from './docker-errors.js';
