"""Facts from the state's information systems (reg:15.1, last paragraph; reg:15.2; ADR 0013).

The documents that are state electronic information resources are not asked of the citizen:
staff obtain them through the e-government gateway. This app holds one adapter per register
(`adapters`), the gateway's message format (`protocol`), the client (`client`), the record of
every request with its evidence (`models.RegistryRequest`), the fetch for a file (`services`),
what the engine decides on (`establish`: fetched where a register answered, declared where it
cannot) and a simulator that speaks the same protocol (`simulator`, `kezek registries simulator`).
"""
