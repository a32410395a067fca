package org.facemask.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.facemask.image.ImageDecoder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Cuts face crops out of a Pascal VOC folder ({@code images/}, {@code annotations/*.xml}) into
 * class folders, so scene datasets can train and test the classifier.
 */
public final class VocCrops {

    /**
     * One annotated face.
     *
     * @param label the canonical class (see {@link ClassNames})
     * @param xmin left edge, pixels
     * @param ymin top edge, pixels
     * @param xmax right edge, pixels
     * @param ymax bottom edge, pixels
     */
    public record FaceBox(String label, int xmin, int ymin, int xmax, int ymax) {

        /** Returns the box width in pixels. */
        public int width() {
            return xmax - xmin;
        }
    }

    /**
     * One annotation file.
     *
     * @param imageFile the image file name it refers to
     * @param faces its faces; objects of unknown labels are left out
     */
    public record Annotation(String imageFile, List<FaceBox> faces) {

        /** Returns the image file name without its extension, to name the crops cut from it. */
        public String stem() {
            return imageFile.replaceFirst("\\.[^.]+$", "");
        }
    }

    /** What to do with each photo of a VOC folder. */
    public interface PhotoVisitor {
        /**
         * Handles one photo.
         *
         * @param annotation the photo's annotation
         * @param image the photo, decoded
         * @throws IOException if what the visitor writes fails
         */
        void visit(Annotation annotation, BufferedImage image) throws IOException;
    }

    private VocCrops() {}

    /**
     * Parses one VOC annotation file.
     *
     * @param xml the file
     * @return the annotation
     * @throws IOException if the file cannot be read or parsed
     */
    public static Annotation read(Path xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Annotation files come from outside: no external entities, no DTD fetching.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(xml.toFile());
            String file = text(doc.getDocumentElement(), "filename");
            List<FaceBox> faces = new ArrayList<>();
            NodeList objects = doc.getElementsByTagName("object");
            for (int i = 0; i < objects.getLength(); i++) {
                Element object = (Element) objects.item(i);
                var label = ClassNames.canonical(text(object, "name"));
                Element box = (Element) object.getElementsByTagName("bndbox").item(0);
                if (label.isEmpty() || box == null) {
                    continue;
                }
                faces.add(new FaceBox(label.get(), number(box, "xmin"), number(box, "ymin"),
                        number(box, "xmax"), number(box, "ymax")));
            }
            return new Annotation(file, faces);
        } catch (ParserConfigurationException | SAXException | NumberFormatException e) {
            throw new IOException(xml.getFileName() + ": not a VOC annotation: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the annotations of a VOC folder, in file-name order.
     *
     * @param vocDir folder with {@code images/} and {@code annotations/}
     * @param photos which photos to keep, by image file name
     * @return their annotations
     * @throws IOException if the folder is not a VOC folder or a file cannot be parsed
     */
    public static List<Annotation> readAll(Path vocDir, Predicate<String> photos) throws IOException {
        Path annotations = vocDir.resolve("annotations");
        if (!Files.isDirectory(annotations)) {
            throw new IOException("not a VOC folder (no annotations/): " + vocDir);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(annotations)) {
            files = list.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        List<Annotation> kept = new ArrayList<>();
        for (Path xml : files) {
            Annotation annotation = read(xml);
            if (photos.test(annotation.imageFile())) {
                kept.add(annotation);
            }
        }
        return kept;
    }

    /**
     * Decodes each chosen photo of a VOC folder, in file-name order, and hands it on with its annotation.
     *
     * @param vocDir folder with {@code images/} and {@code annotations/}
     * @param photos which photos, by image file name
     * @param visitor what to do with each
     * @throws IOException if the folder, an annotation or a photo cannot be read, or the visitor fails
     */
    public static void forEachPhoto(Path vocDir, Predicate<String> photos, PhotoVisitor visitor) throws IOException {
        ImageDecoder decoder = new ImageDecoder();
        for (Annotation annotation : readAll(vocDir, photos)) {
            visitor.visit(annotation, decoder.decode(vocDir.resolve("images").resolve(annotation.imageFile())).rgb());
        }
    }

    /**
     * Writes a crop as {@code dest/<label>/<file>} (PNG), creating the class folder.
     *
     * @param crop the pixels
     * @param dest the dataset folder
     * @param label the class folder
     * @param file the file name
     * @throws IOException if it cannot be written
     */
    public static void writeCrop(BufferedImage crop, Path dest, String label, String file) throws IOException {
        Path dir = Files.createDirectories(dest.resolve(label));
        ImageIO.write(crop, "png", dir.resolve(file).toFile());
    }

    /**
     * Writes every face of a VOC folder as {@code dest/<class>/<image>_<n>.png}.
     *
     * @param vocDir folder with {@code images/} and {@code annotations/}
     * @param dest output folder
     * @param margin box expansion on each side, as a share of the box size (detectors' boxes
     *     are tight; the classifier was trained on whole heads)
     * @param minWidth faces narrower than this many pixels are skipped
     * @param photos which photos to use, by image file name (e.g. those outside a {@link SceneHoldout})
     * @return crops written per class
     * @throws IOException if the folder cannot be read or a crop cannot be written
     */
    public static Map<String, Integer> extract(Path vocDir, Path dest, double margin, int minWidth,
            Predicate<String> photos) throws IOException {
        Map<String, Integer> counts = new TreeMap<>();
        forEachPhoto(vocDir, photos, (annotation, image) -> {
            int n = 0;
            for (FaceBox face : annotation.faces()) {
                if (face.width() < minWidth) {
                    continue;
                }
                writeCrop(crop(image, face, margin), dest, face.label(),
                        String.format(Locale.ROOT, "%s_%d.png", annotation.stem(), n++));
                counts.merge(face.label(), 1, Integer::sum);
            }
        });
        return counts;
    }

    /**
     * Cuts a face with a margin, clipped to the image.
     *
     * @param image the scene
     * @param face the box
     * @param margin expansion on each side as a share of the box size
     * @return the crop (shares pixels with {@code image})
     */
    public static BufferedImage crop(BufferedImage image, FaceBox face, double margin) {
        int mx = (int) Math.round(face.width() * margin);
        int my = (int) Math.round((face.ymax() - face.ymin()) * margin);
        int x0 = Math.max(0, face.xmin() - mx);
        int y0 = Math.max(0, face.ymin() - my);
        int x1 = Math.min(image.getWidth(), face.xmax() + mx);
        int y1 = Math.min(image.getHeight(), face.ymax() + my);
        return image.getSubimage(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }

    private static int number(Element parent, String tag) {
        return (int) Math.round(Double.parseDouble(text(parent, tag)));
    }
}
