// The library product: one import gives a Swift program the client, every provider adapter,
// the libcurl transport and the use-case services.
@_exported import FTCore
@_exported import FTCurl
@_exported import FTDatasets
@_exported import FTTokenizer
@_exported import FTPlanning
@_exported import FTProviders
