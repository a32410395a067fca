package org.facemask.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocCropsTest {

    @TempDir
    Path tmp;

    @Test
    void cuts_each_labelled_face_into_its_class_folder_with_margin() throws IOException {
        Path voc = tmp.resolve("voc");
        Files.createDirectories(voc.resolve("images"));
        Files.createDirectories(voc.resolve("annotations"));
        ImageIO.write(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB), "jpeg",
                voc.resolve("images/scene.jpg").toFile());
        Files.writeString(voc.resolve("annotations/scene.xml"), """
                <annotation><filename>scene.jpg</filename>
                  <object><name>with_mask</name>
                    <bndbox><xmin>10</xmin><ymin>10</ymin><xmax>50</xmax><ymax>50</ymax></bndbox></object>
                  <object><name>without_mask</name>
                    <bndbox><xmin>180</xmin><ymin>60</ymin><xmax>200</xmax><ymax>100</ymax></bndbox></object>
                  <object><name>mask_weared_incorrect</name>
                    <bndbox><xmin>100</xmin><ymin>20</ymin><xmax>104</xmax><ymax>24</ymax></bndbox></object>
                  <object><name>person</name>
                    <bndbox><xmin>0</xmin><ymin>0</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>
                </annotation>""");
        Map<String, Integer> counts = VocCrops.extract(voc, tmp.resolve("crops"), 0.25, 8, photo -> true);
        assertEquals(Map.of("mask", 1, "no_mask", 1), counts);
        BufferedImage masked = ImageIO.read(tmp.resolve("crops/mask/scene_0.png").toFile());
        assertEquals(60, masked.getWidth()); // 40 px box + 10 px margin on each side
        BufferedImage edge = ImageIO.read(tmp.resolve("crops/no_mask/scene_1.png").toFile());
        assertEquals(25, edge.getWidth()); // margin clipped at the right border
        assertTrue(Files.notExists(tmp.resolve("crops/mask_incorrect")), "4 px face should be skipped");
    }

    @Test
    void refuses_xml_with_a_doctype() throws IOException {
        Path xml = tmp.resolve("evil.xml");
        Files.writeString(xml, "<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><annotation>&x;</annotation>");
        assertThrows(IOException.class, () -> VocCrops.read(xml));
    }
}
