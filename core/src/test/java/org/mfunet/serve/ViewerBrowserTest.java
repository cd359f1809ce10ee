package org.mfunet.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mfunet.data.TestCohorts;
import org.mfunet.nifti.NiftiImage;
import org.mfunet.nifti.NiftiReader;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real browser: Debian's chromium driven through chromedriver (installed by {@code .ci/setup}; the
 * test is skipped where they are missing). It gives the token, uploads a synthetic case, waits for it to be done,
 * pages through slices, toggles structures and the opacity while checking the pixels drawn against the service's own
 * pictures, and downloads the segmentation.
 *
 * <p>{@code -Dmfunet.viewer.model=RUN -Dmfunet.viewer.screenshot=FILE.png} runs it with a trained model on a larger
 * synthetic case and saves a screenshot (the README's).
 */
class ViewerBrowserTest {
    static final Path CHROMIUM = Path.of(System.getProperty("mfunet.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("mfunet.chromedriver", "/usr/bin/chromedriver"));
    static final String TOKEN = "viewer-test-token-0123456789";
    static final Duration WAIT = Duration.ofSeconds(120);
    static final String[] STRUCTURES = {"myocardium", "lv", "rv", "edema", "scar"};

    @TempDir
    Path dir;

    @Test
    void uploadPageToggleAndDownloadInABrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)");
        String trained = System.getProperty("mfunet.viewer.model");
        Path model = trained != null ? Path.of(trained) : TestService.model(dir.resolve("model"));
        Path cohort = trained != null ? TestCohorts.synthetic(dir.resolve("cohort"), 200, 240, 1, 11)
                : TestCohorts.synthetic(dir.resolve("cohort"), 40, 48, 1, 5);
        Path downloads = Files.createDirectories(dir.resolve("downloads"));
        ServeConfig config = TestService.config(dir.resolve("data")).withToken(BearerToken.of(TOKEN, "test"));
        try (TestService served = TestService.start(config, TestService.predictor(model), TOKEN)) {
            WebDriver browser = browser(downloads);
            try {
                WebDriverWait wait = new WebDriverWait(browser, WAIT);
                browser.get(served.base.toString());
                wait.until(b -> b.findElement(By.id("auth")).isDisplayed());
                browser.findElement(By.id("token")).sendKeys(TOKEN);
                browser.findElement(By.cssSelector("#auth button")).click();
                wait.until(b -> b.findElement(By.id("service")).getText().startsWith("models: "));

                for (String[] field : new String[][] {{"lge", "DE"}, {"t2", "T2"}, {"bssfp", "C0"}, {"labels", "gd"}}) {
                    browser.findElement(By.id(field[0])).sendKeys(cohort.resolve("synth_101_" + field[1] + ".nii.gz")
                            .toAbsolutePath().toString());
                }
                browser.findElement(By.id("send")).click();
                wait.until(b -> "done".equals(b.findElement(By.tagName("body")).getAttribute("data-case-status")));
                String id = browser.getCurrentUrl().replaceFirst(".*#case=", "");
                assertTrue(CaseStore.isId(id), browser.getCurrentUrl());
                assertTrue(browser.findElement(By.id("status")).getText().startsWith("done in "));
                assertEquals(6, browser.findElements(By.cssSelector("#results tbody tr")).size(),
                        "five structures, and scar + edema for its Dice as the labels came too");

                byte[] segmentation = served.getBytes("/api/cases/" + id + "/segmentation.nii.gz").body();
                NiftiImage seg = NiftiReader.read(Files.write(dir.resolve("seg.nii.gz"), segmentation));
                int slices = seg.nz();
                int z = ServeApiTest.busiestSlice(seg);

                WebElement slider = browser.findElement(By.id("slice"));
                slider.sendKeys(Keys.HOME);
                awaitDrawn(wait, 0, String.join(",", sorted(STRUCTURES)));
                assertEquals("1 / " + slices, browser.findElement(By.id("slice-label")).getText());
                for (int i = 0; i < z; i++) {
                    slider.sendKeys(Keys.ARROW_RIGHT);
                }
                awaitDrawn(wait, z, String.join(",", sorted(STRUCTURES)));
                assertEquals((z + 1) + " / " + slices, browser.findElement(By.id("slice-label")).getText());

                String slice = "/api/cases/" + id + "/slices/" + z + ".png";
                int[] grey = picture(served, slice + "?sequence=bssfp&overlay=none");
                int[] overlaid = picture(served, slice + "?sequence=bssfp&overlay=all&opacity=0.45");
                assertFalse(java.util.Arrays.equals(grey, overlaid), "the busiest slice has labels");
                assertClose(overlaid, canvas(browser, "view-bssfp"), "the page draws what the service draws");

                for (String s : STRUCTURES) {
                    browser.findElement(By.id("show-" + s)).click();
                }
                awaitDrawn(wait, z, "");
                assertArrayEquals(grey, canvas(browser, "view-bssfp"), "every structure toggled off");
                browser.findElement(By.id("show-lv")).click();
                awaitDrawn(wait, z, "lv");
                assertClose(picture(served, slice + "?sequence=bssfp&overlay=lv&opacity=0.45"),
                        canvas(browser, "view-bssfp"), "the LV alone");
                for (String s : STRUCTURES) {
                    if (!s.equals("lv")) {
                        browser.findElement(By.id("show-" + s)).click();
                    }
                }
                ((JavascriptExecutor) browser).executeScript("const o = document.getElementById('opacity');"
                        + " o.value = '0'; o.dispatchEvent(new Event('input'));");
                wait.until(b -> b.findElement(By.id("views")).getAttribute("data-drawn").endsWith("|0"));
                assertArrayEquals(grey, canvas(browser, "view-bssfp"), "opacity 0 shows the slice alone");
                ((JavascriptExecutor) browser).executeScript("const o = document.getElementById('opacity');"
                        + " o.value = '0.45'; o.dispatchEvent(new Event('input'));");
                awaitDrawn(wait, z, String.join(",", sorted(STRUCTURES)));

                browser.findElement(By.id("download")).click();
                Path downloaded = downloads.resolve("case_" + id + "_seg.nii.gz");
                wait.until(b -> Files.exists(downloaded) && size(downloaded) == segmentation.length);
                assertArrayEquals(segmentation, Files.readAllBytes(downloaded));

                browser.manage().window().setSize(new Dimension(1400, 1400));
                ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0);");
                byte[] screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
                assertTrue(ImageIO.read(new ByteArrayInputStream(screenshot)).getWidth() > 0);
                String keep = System.getProperty("mfunet.viewer.screenshot");
                if (keep != null) {
                    Files.write(Path.of(keep), screenshot);
                }
            } finally {
                browser.quit();
            }
        }
    }

    private static WebDriver browser(Path downloads) {
        Logger.getLogger("org.openqa.selenium").setLevel(Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--force-color-profile=srgb", "--disable-gpu");
        Map<String, Object> prefs = new HashMap<>();
        prefs.put("download.default_directory", downloads.toAbsolutePath().toString());
        prefs.put("download.prompt_for_download", false);
        options.setExperimentalOption("prefs", prefs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits until the page has drawn slice {@code z} with these structures over it (comma list, sorted). */
    private static void awaitDrawn(WebDriverWait wait, int z, String overlay) {
        wait.until(b -> b.findElement(By.id("views")).getAttribute("data-drawn").startsWith(z + "|" + overlay + "|"));
    }

    /** The ARGB pixels of a canvas of the page, read back through a PNG data URL. */
    private static int[] canvas(WebDriver browser, String id) throws IOException {
        String url = (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById(arguments[0]).toDataURL('image/png');", id);
        byte[] png = java.util.Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
        return pixels(ImageIO.read(new ByteArrayInputStream(png)));
    }

    private static int[] picture(TestService served, String path) throws IOException {
        return pixels(ImageIO.read(new ByteArrayInputStream(served.getBytes(path).body())));
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /** Equal pictures but for rounding: the browser blends the overlay in 8 bits as Java2D does, maybe ±1 apart. */
    private static void assertClose(int[] expected, int[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int e = expected[i] >> shift & 0xff;
                int a = actual[i] >> shift & 0xff;
                assertTrue(Math.abs(e - a) <= 2, what + ": pixel " + i + " is " + Integer.toHexString(actual[i])
                        + ", expected " + Integer.toHexString(expected[i]));
            }
        }
    }

    private static String[] sorted(String[] names) {
        return List.of(names).stream().sorted().toArray(String[]::new);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
