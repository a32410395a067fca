package org.facemask.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClassNamesTest {

    @ParameterizedTest
    @CsvSource({"with_mask,mask", "WithMask,mask", "Mask,mask", "mask,mask", "With Mask,mask",
        "without_mask,no_mask", "WithoutMask,no_mask", "Non Mask,no_mask", "no_mask,no_mask",
        "mask_weared_incorrect,mask_incorrect", "incorrectly_masked,mask_incorrect",
        "face,face", "not_face,not_face", "NotFace,not_face", "background,not_face"})
    void maps_folder_aliases_to_canonical_classes(String folder, String expected) {
        assertEquals(Optional.of(expected), ClassNames.canonical(folder));
    }

    @ParameterizedTest
    @ValueSource(strings = {"images", "masks_and_more", "", "annotations"})
    void rejects_folders_that_name_no_class(String folder) {
        assertTrue(ClassNames.canonical(folder).isEmpty());
    }
}
