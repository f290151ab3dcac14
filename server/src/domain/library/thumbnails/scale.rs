//! Decoding a cover picture (JPEG, PNG or WebP), scaling it down and encoding it as JPEG: plain
//! CPU work on bytes, for the blocking pool.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageReader, ImageResult, Limits, Rgb, RgbImage};

/// JPEG quality of thumbnails: no visible loss at the sizes shown.
const QUALITY: u8 = 85;
/// Larger pictures are refused before they are decoded (a bomb of a PNG is small on disk).
const MAX_SIDE: u32 = 16_384;
const MAX_DECODED_BYTES: u64 = 256 * 1024 * 1024;

/// `picture` scaled so that its longer side is at most `longest_side` pixels (never enlarged,
/// aspect kept, EXIF orientation applied; transparency over white), as JPEG.
pub fn scale_to_jpeg(picture: &[u8], longest_side: u32) -> ImageResult<Vec<u8>> {
    let image = decode(picture)?;
    let image = if image.width().max(image.height()) > longest_side {
        image.resize(longest_side, longest_side, FilterType::Lanczos3)
    } else {
        image
    };
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, QUALITY).encode_image(&over_white(&image))?;
    Ok(jpeg)
}

/// A picture for an album without a cover, for programs that decode only raster images: a
/// record on a light grey square, `side` pixels wide, as JPEG.
pub fn placeholder_jpeg(side: u32) -> ImageResult<Vec<u8>> {
    let centre = f64::from(side) / 2.0;
    let image = RgbImage::from_fn(side, side, |x, y| {
        let distance = (f64::from(x) + 0.5 - centre).hypot(f64::from(y) + 0.5 - centre) / centre;
        match distance {
            d if d < 0.08 => Rgb([236, 236, 236]),
            d if d < 0.30 => Rgb([176, 140, 120]),
            d if d < 0.86 => Rgb([48, 48, 52]),
            _ => Rgb([224, 224, 228]),
        }
    });
    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, QUALITY).encode_image(&image)?;
    Ok(jpeg)
}

fn decode(picture: &[u8]) -> ImageResult<DynamicImage> {
    let mut reader = ImageReader::new(Cursor::new(picture)).with_guessed_format()?;
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_DECODED_BYTES);
    reader.limits(limits.clone());
    let mut decoder = reader.into_decoder()?;
    let (width, height) = decoder.dimensions();
    limits.check_dimensions(width, height)?;
    limits.reserve(decoder.total_bytes())?;
    let orientation = decoder.orientation()?;
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// JPEG has no transparency: transparent pixels are laid over white, not left black.
fn over_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let blend = |c: u8| {
            let (c, a) = (u32::from(c), u32::from(a));
            ((c * a + 255 * (255 - a) + 127) / 255) as u8
        };
        Rgb([blend(r), blend(g), blend(b)])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageFormat, Rgba, RgbaImage};

    fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, format).expect("encode");
        bytes.into_inner()
    }

    fn dimensions(jpeg: &[u8]) -> (u32, u32) {
        let image = image::load_from_memory(jpeg).expect("a JPEG");
        (image.width(), image.height())
    }

    #[test]
    fn a_wide_picture_is_scaled_to_its_longest_side_with_its_aspect() {
        let png = encoded(DynamicImage::new_rgb8(400, 200), ImageFormat::Png);
        let jpeg = scale_to_jpeg(&png, 128).expect("scaled");
        assert_eq!(image::guess_format(&jpeg).ok(), Some(ImageFormat::Jpeg));
        assert_eq!(dimensions(&jpeg), (128, 64));
    }

    #[test]
    fn a_small_picture_is_never_enlarged() {
        let jpeg = encoded(DynamicImage::new_rgb8(50, 80), ImageFormat::Jpeg);
        assert_eq!(
            dimensions(&scale_to_jpeg(&jpeg, 1024).expect("scaled")),
            (50, 80)
        );
    }

    #[test]
    fn transparency_becomes_white() {
        let clear = RgbaImage::from_pixel(8, 8, Rgba([0, 0, 0, 0]));
        let png = encoded(DynamicImage::ImageRgba8(clear), ImageFormat::Png);
        let jpeg = scale_to_jpeg(&png, 64).expect("scaled");
        let pixel = image::load_from_memory(&jpeg).expect("jpeg").to_rgb8();
        assert!(pixel.get_pixel(4, 4).0.iter().all(|&c| c > 240));
    }

    #[test]
    fn bytes_that_are_no_picture_are_an_error_not_a_panic() {
        assert!(scale_to_jpeg(b"\x89PNG\r\n\x1a\n but not really", 64).is_err());
        assert!(scale_to_jpeg(b"", 64).is_err());
    }

    #[test]
    fn the_placeholder_is_a_jpeg_of_the_size_asked() {
        let jpeg = placeholder_jpeg(128).expect("placeholder");
        let image = image::load_from_memory_with_format(&jpeg, ImageFormat::Jpeg).expect("jpeg");
        assert_eq!((image.width(), image.height()), (128, 128));
        let rgb = image.to_rgb8();
        assert!(rgb.get_pixel(0, 0)[0] > 200, "light corner");
        assert!(rgb.get_pixel(32, 64)[0] < 90, "dark record");
    }
}
