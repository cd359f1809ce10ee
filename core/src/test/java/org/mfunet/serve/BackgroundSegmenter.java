package org.mfunet.serve;

import java.nio.file.Path;
import java.util.List;
import org.mfunet.data.CaseVolumes;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.infer.SliceProgress;
import org.mfunet.nifti.NiftiHeader;

/**
 * Reads every case as {@code predict} does (so bad voxels fail it) and segments it as all background at once, telling
 * its progress slice by slice as the real one does: for tests of what surrounds segmentation (the queue, restarts,
 * large cases), where a network would only cost time.
 */
final class BackgroundSegmenter implements CaseSegmenter {
    @Override
    public List<String> models() {
        return List.of("background");
    }

    @Override
    public Path segment(MyopsCase source, Path outDir, SliceProgress progress) {
        NiftiHeader grid = CaseVolumes.load(source).grid();
        for (int z = 0; z < grid.nz(); z++) {
            progress.sliceStarted(0, 1, z, grid.nz());
        }
        Path file = SegmentationFiles.segmentation(outDir, source.name());
        SegmentationFiles.writeLabels(file, grid, new int[grid.nx() * grid.ny() * grid.nz()]);
        return file;
    }

    @Override
    public void close() {
    }
}
