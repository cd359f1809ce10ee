package org.mfunet.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mfunet.MfunetException;
import org.mfunet.model.Presets;
import org.mfunet.train.TrainingConfig;

class VariantTest {
    @Test
    void ablationHasTheEightRowsOfTable1InOrder() {
        List<Variant> rows = Variant.ablation("residual");
        assertEquals(8, new HashSet<>(rows).size());
        assertEquals(Variant.full("residual"), rows.get(0));
        assertEquals(new Variant("residual", false, true, true), rows.get(1));
        assertEquals(new Variant("residual", true, true, false), rows.get(3));
        assertEquals(new Variant("residual", false, false, false), rows.get(7));
    }

    @Test
    void idsNameTheSwitchesAndParseBack() {
        assertEquals("residual-max-att-res", Variant.full("residual").id());
        assertEquals("sideconv-nomax-att-nores", new Variant("sideconv", false, true, false).id());
        for (Variant v : Variant.ablation("dilation")) {
            assertEquals(v, Variant.parse(v.id()));
        }
        assertEquals("'fold0' is not a variant name such as residual-max-att-res",
                assertThrows(MfunetException.class, () -> Variant.parse("fold0")).getMessage());
        assertEquals("backbone must be residual, dilation or sideconv, got 'unet'",
                assertThrows(MfunetException.class, () -> Variant.full("unet")).getMessage());
    }

    @Test
    void appliesItsSwitchesToTheSettings() {
        Variant v = new Variant("dilation", false, true, false);
        var model = v.apply(Presets.CPU_SMALL);
        assertEquals("dilation", model.backbone());
        assertFalse(model.maxFusion());
        assertTrue(model.attention());
        assertEquals(Presets.CPU_SMALL.baseFilters(), model.baseFilters());
        assertFalse(v.apply(TrainingConfig.CPU_SMALL).resampling());
    }
}
