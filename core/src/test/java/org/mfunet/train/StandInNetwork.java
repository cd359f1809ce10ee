package org.mfunet.train;

import org.mfunet.data.Head;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.SequentialBlock;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny network with MFU-Net's inputs and three heads (one conv + batch norm + conv per head), for trainer tests. Of
 * the sequence flags that come with patches lacking a sequence it takes no notice.
 */
final class StandInNetwork {
    private StandInNetwork() {
    }

    static Block create(NDManager manager, int side) {
        List<Block> heads = Stream.of(Head.values()).map(h -> (Block) new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
                .add(BatchNorm.builder().build())
                .add(Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(h.classes()).build())).toList();
        Block block = new SequentialBlock().add(inputs -> new NDList(inputs.head())).add(
                new ParallelBlock(outs -> new NDList(outs.get(0).head(), outs.get(1).head(), outs.get(2).head()), heads));
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 3, side, side));
        return block;
    }
}
