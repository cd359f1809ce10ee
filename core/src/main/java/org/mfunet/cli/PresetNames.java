package org.mfunet.cli;

import java.util.Iterator;
import org.mfunet.model.Presets;

/** The names {@code --preset} accepts, {@link Presets#names()}, for picocli's {@code ${COMPLETION-CANDIDATES}} in help. */
final class PresetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Presets.names().iterator();
    }
}
