package dev.faceanon.djl.weights;

import java.util.Map;

/**
 * What a format reader extracts from a checkpoint: the unpickled top-level object and, for every
 * storage it references, the file position where the storage's bytes start. The readers have
 * checked that each storage's full byte size lies inside the file.
 *
 * @param root the top-level object (a dict for state dicts)
 * @param storageOffsets storage key to absolute file offset of its data
 */
record TorchCheckpointContent(Object root, Map<String, Long> storageOffsets) {
    TorchCheckpointContent {
        storageOffsets = Map.copyOf(storageOffsets);
    }
}
